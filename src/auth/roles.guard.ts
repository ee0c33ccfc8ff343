import { Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-code';
import { roleMayCall } from './access-policy';
import type { Viewer } from './viewer';

/**
 * First line of authorization for every GraphQL root operation: the viewer's role must be listed
 * for it in OPERATION_ROLES (an unlisted operation is refused to all). The services check scope.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  private readonly logger = new Logger('Access');

  canActivate(context: ExecutionContext): boolean {
    if (context.getType<string>() !== 'graphql') return true;
    const gql = GqlExecutionContext.create(context);
    const info = gql.getInfo<{ parentType: { name: string }; fieldName: string }>();
    if (info.parentType.name !== 'Query' && info.parentType.name !== 'Mutation') return true;
    const viewer = gql.getContext<{ viewer?: Viewer }>().viewer;
    if (!viewer) throw new AppError(ErrorCode.UNAUTHENTICATED, 'a bearer token is required (Authorization: Bearer <token>)');
    if (roleMayCall(viewer.role, info.fieldName)) return true;
    this.logger.warn(`${viewer.role} ${viewer.externalId} refused ${info.fieldName}`);
    throw forbidden();
  }
}

/** The one refusal: it never says whether the record exists. */
export function forbidden(): AppError {
  return new AppError(ErrorCode.FORBIDDEN, 'not found, or not yours to see or change');
}
