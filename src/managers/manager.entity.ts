import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity, oneOf } from '../common/base.entity';
import { BranchEntity } from '../branches/branch.entity';
import { MANAGER_ROLES, type ManagerRole } from './manager-role';

@Entity('managers')
@Check('CHK_managers_role', oneOf('role', MANAGER_ROLES))
export class ManagerEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 64, unique: true })
  externalId: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 20 })
  role: ManagerRole;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  branchId: string | null;

  @ManyToOne(() => BranchEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'branch_id' })
  branch?: BranchEntity;
}
