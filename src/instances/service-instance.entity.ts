import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The service instances on this database, each writing a heartbeat: which rule set version it
 * serves and when it was last seen. A clean shutdown removes its row; rows not seen for an hour
 * are removed by the others.
 */
@Entity('service_instances')
export class ServiceInstanceEntity {
  /** host:pid:random, the id it also sends notifications with. */
  @PrimaryColumn({ type: 'varchar', length: 200 })
  id: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  servingVersion: string | null;

  @Column({ type: 'timestamptz' })
  startedAt: Date;

  @Column({ type: 'timestamptz' })
  lastSeenAt: Date;
}
