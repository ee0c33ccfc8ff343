import { Args, Query, Resolver } from '@nestjs/graphql';
import { CurrentViewer } from '../auth/current-viewer.decorator';
import { AccessService } from '../auth/access.service';
import type { Viewer } from '../auth/viewer';
import { AuditService } from './audit.service';
import { AuditLogArgs } from './dto/audit-log.args';
import { AuditEventConnectionModel } from './models/audit-event.model';

@Resolver()
export class AuditResolver {
  constructor(
    private readonly audit: AuditService,
    private readonly access: AccessService,
  ) {}

  @Query(() => AuditEventConnectionModel, { description: 'The audit trail, newest first: lead-list views, outcomes, rule reloads (ADMIN).' })
  auditLog(@CurrentViewer() viewer: Viewer, @Args() args: AuditLogArgs): Promise<AuditEventConnectionModel> {
    return this.audit.list(viewer, args, (v) => this.access.requireRole(v, 'auditLog'));
  }
}
