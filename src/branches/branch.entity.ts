import { Column, Entity } from 'typeorm';
import { BaseEntity } from '../common/base.entity';

@Entity('branches')
export class BranchEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 64, unique: true })
  externalId: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 100 })
  city: string;
}
