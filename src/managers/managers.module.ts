import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ManagerEntity } from './manager.entity';
import { ManagersResolver } from './managers.resolver';
import { ManagersService } from './managers.service';

@Module({
  imports: [TypeOrmModule.forFeature([ManagerEntity])],
  providers: [ManagersService, ManagersResolver],
  exports: [ManagersService],
})
export class ManagersModule {}
