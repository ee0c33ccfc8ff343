import { AccessService } from '../auth/access.service';
import type { Viewer } from '../auth/viewer';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import { BranchEntity } from './branch.entity';
import type { BranchModel } from './models/branch.model';
import type { UpsertBranchInput } from './dto/upsert-branch.input';
import { upsertByExternalId } from '../common/upsert';

@Injectable()
export class BranchesService {
  constructor(
    @InjectRepository(BranchEntity) private readonly branches: Repository<BranchEntity>,
    private readonly access: AccessService,
  ) {}

  async get(id: string): Promise<BranchModel> {
    const row = await this.branches.findOne({ where: { id } });
    if (!row) throw AppError.notFound('branch', `with id ${id}`);
    return { id: row.id, externalId: row.externalId, name: row.name, city: row.city };
  }

  async upsert(viewer: Viewer, input: UpsertBranchInput): Promise<BranchModel> {
    this.access.requireRole(viewer, 'upsertBranch');
    const { id } = await upsertByExternalId(this.branches.manager, 'branches', input.externalId, { name: input.name, city: input.city });
    return this.get(id);
  }

  async find(id: string | null): Promise<BranchModel | null> {
    return id ? this.get(id) : null;
  }
}
