import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import { BranchEntity } from './branch.entity';
import type { BranchModel } from './models/branch.model';

@Injectable()
export class BranchesService {
  constructor(@InjectRepository(BranchEntity) private readonly branches: Repository<BranchEntity>) {}

  async get(id: string): Promise<BranchModel> {
    const row = await this.branches.findOne({ where: { id } });
    if (!row) throw AppError.notFound('branch', `with id ${id}`);
    return { id: row.id, externalId: row.externalId, name: row.name, city: row.city };
  }

  async find(id: string | null): Promise<BranchModel | null> {
    return id ? this.get(id) : null;
  }
}
