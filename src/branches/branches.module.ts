import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BranchEntity } from './branch.entity';
import { BranchesResolver } from './branches.resolver';
import { BranchesService } from './branches.service';

@Module({
  imports: [TypeOrmModule.forFeature([BranchEntity])],
  providers: [BranchesService, BranchesResolver],
  exports: [BranchesService],
})
export class BranchesModule {}
