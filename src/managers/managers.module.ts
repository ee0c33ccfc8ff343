import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ManagerEntity } from './manager.entity';
import { ManagersService } from './managers.service';

@Module({
  imports: [TypeOrmModule.forFeature([ManagerEntity])],
  providers: [ManagersService],
  exports: [ManagersService],
})
export class ManagersModule {}
