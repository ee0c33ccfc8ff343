import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { newInstanceId } from './instance-id';
import { NOTIFICATION_CHANNEL, parseNotification, type Delivered, type Notification, type NotificationKind } from './notification';

type Handler<K extends NotificationKind> = (notification: Delivered<K>) => void | Promise<void>;

const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 10_000;

/**
 * The one channel by which instances on the same database tell each other what changed
 * (PostgreSQL LISTEN/NOTIFY). A notification published inside a transaction is delivered when, and
 * only if, that transaction commits. Every instance, the sender included, receives every
 * notification; handlers must therefore be idempotent. A lost listening connection is re-opened with
 * backoff, and subscribers then get a local `resync`, since what was sent meanwhile is gone.
 */
@Injectable()
export class NotificationsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NotificationsService.name);
  private readonly handlers = new Map<NotificationKind, Set<Handler<any>>>();
  private client?: Client;
  private stopped = false;
  private reconnectDelay = RECONNECT_MIN_MS;
  private reconnectTimer?: NodeJS.Timeout;
  private connected?: Promise<void>;
  private everConnected = false;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** This instance's id, sent as `origin` with every notification and used for its heartbeat. */
  readonly instanceId = newInstanceId();

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  /** True while the listening connection is open. */
  get listening(): boolean {
    return this.client !== undefined;
  }

  /** Registers a handler; returns a function that removes it. */
  on<K extends NotificationKind>(kind: K, handler: Handler<K>): () => void {
    let set = this.handlers.get(kind);
    if (!set) this.handlers.set(kind, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  /**
   * Sends a notification to every instance. With `manager` (a transaction's entity manager) it is
   * sent when that transaction commits and dropped when it rolls back.
   */
  async publish(notification: Notification, manager?: EntityManager): Promise<void> {
    const payload = JSON.stringify({ ...notification, origin: this.instanceId });
    await (manager ?? this.dataSource.manager).query('SELECT pg_notify($1, $2)', [NOTIFICATION_CHANNEL, payload]);
  }

  /** Waits until the listening connection is open (resolves at once when it is). */
  async ready(): Promise<void> {
    await this.connected;
  }

  private listen(): Promise<void> {
    this.connected = this.connect();
    return this.connected;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const options = this.dataSource.options as { url?: string; extra?: { connectionTimeoutMillis?: number } };
    const client = new Client({
      connectionString: options.url,
      connectionTimeoutMillis: options.extra?.connectionTimeoutMillis ?? 5000,
      application_name: 'cross-sell-engine:notifications',
    });
    let failed = false;
    const lost = () => {
      if (failed) return;
      failed = true;
      if (this.client === client) this.client = undefined;
      client.end().catch(() => undefined);
      this.scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (message) => {
      if (message.channel !== NOTIFICATION_CHANNEL) return;
      const notification = parseNotification(message.payload);
      if (notification) this.dispatch(notification);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${NOTIFICATION_CHANNEL}`);
    } catch {
      lost();
      return;
    }
    if (this.stopped) {
      failed = true;
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.reconnectDelay = RECONNECT_MIN_MS;
    if (this.everConnected) {
      this.logger.log('notification channel re-opened; caches resynchronise');
      this.dispatch({ kind: 'resync' });
    }
    this.everConnected = true;
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(RECONNECT_MAX_MS, this.reconnectDelay * 2);
    this.logger.warn(`notification channel lost; reconnecting in ${delay} ms`);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.listen();
    }, delay);
    this.reconnectTimer.unref();
  }

  private dispatch(notification: Delivered): void {
    const set = this.handlers.get(notification.kind);
    if (!set) return;
    for (const handler of set) {
      Promise.resolve()
        .then(() => handler(notification))
        .catch((error: Error) => this.logger.error(`a ${notification.kind} handler failed: ${error.name}`));
    }
  }
}
