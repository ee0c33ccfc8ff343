import { Module } from '@nestjs/common';
import { InstancesRepository } from './instances.repository';
import { InstancesService } from './instances.service';

/** The instances sharing this database: each one's heartbeat and the rule set version it serves. */
@Module({ providers: [InstancesRepository, InstancesService], exports: [InstancesService] })
export class InstancesModule {}
