import { Injectable } from '@nestjs/common';
import { AccessService } from '../auth/access.service';
import type { Viewer } from '../auth/viewer';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ManagerEntity } from './manager.entity';
import type { ManagerModel } from './models/manager.model';
import type { UpsertManagerInput } from './dto/upsert-manager.input';
import { optionalIdByExternalId, upsertByExternalId } from '../common/upsert';

@Injectable()
export class ManagersService {
  constructor(
    @InjectRepository(ManagerEntity) private readonly managers: Repository<ManagerEntity>,
    private readonly access: AccessService,
  ) {}

  async me(viewer: Viewer): Promise<ManagerModel> {
    return (await this.find(viewer.managerId))!;
  }

  async upsert(viewer: Viewer, input: UpsertManagerInput): Promise<ManagerModel> {
    this.access.requireRole(viewer, 'upsertManager');
    const db = this.managers.manager;
    const branchId = await optionalIdByExternalId(db, 'branches', 'branch', 'branchExternalId', input.branchExternalId);
    const { id } = await upsertByExternalId(db, 'managers', input.externalId, { name: input.name, role: input.role, branch_id: branchId });
    return (await this.find(id))!;
  }

  async find(id: string | null): Promise<ManagerModel | null> {
    if (!id) return null;
    const row = await this.managers.findOne({ where: { id } });
    return row ? { id: row.id, externalId: row.externalId, name: row.name, role: row.role, branchId: row.branchId } : null;
  }
}
