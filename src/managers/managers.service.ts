import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ManagerEntity } from './manager.entity';
import type { ManagerModel } from './models/manager.model';

@Injectable()
export class ManagersService {
  constructor(@InjectRepository(ManagerEntity) private readonly managers: Repository<ManagerEntity>) {}

  async find(id: string | null): Promise<ManagerModel | null> {
    if (!id) return null;
    const row = await this.managers.findOne({ where: { id } });
    return row ? { id: row.id, externalId: row.externalId, name: row.name, role: row.role, branchId: row.branchId } : null;
  }
}
