import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity, oneOf } from '../common/base.entity';
import { EMPLOYMENT_ROLES, type EmploymentRole } from '../common/domain-values';
import { CorporateClientEntity } from '../corporate-clients/corporate-client.entity';
import { PersonEntity } from './person.entity';

/** A person's link to a company. Current while end_date is null or in the future. */
@Entity('employments')
@Check('CHK_employments_role', oneOf('role', EMPLOYMENT_ROLES))
@Check('CHK_employments_dates', '"end_date" IS NULL OR "end_date" >= "start_date"')
@Index('IDX_employments_client_role', ['corporateClientId', 'role'])
export class EmploymentEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 64, unique: true })
  externalId: string;

  @Index()
  @Column({ type: 'uuid' })
  personId: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id' })
  person?: PersonEntity;

  @Column({ type: 'uuid' })
  corporateClientId: string;

  @ManyToOne(() => CorporateClientEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'corporate_client_id' })
  corporateClient?: CorporateClientEntity;

  @Column({ type: 'varchar', length: 16 })
  role: EmploymentRole;

  @Column({ type: 'varchar', length: 120, nullable: true })
  title: string | null;

  @Column({ type: 'numeric', precision: 14, scale: 2, nullable: true })
  monthlySalary: string | null;

  /** The salary is paid into an account at the bank (payroll customer). */
  @Column({ type: 'boolean', default: false })
  salaryPaidHere: boolean;

  @Column({ type: 'date' })
  startDate: string;

  @Column({ type: 'date', nullable: true })
  endDate: string | null;
}
