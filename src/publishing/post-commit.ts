import type {
  DataSource,
  EntityManager,
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';

/**
 * Runs callbacks after the transaction of an EntityManager commits, and drops them when it rolls
 * back. The writer uses it to wake the relay only once messages are visible to other connections:
 * a wake before the commit would find nothing and leave the messages waiting for the next poll.
 */
class PostCommitHooks implements EntitySubscriberInterface {
  private readonly waiting = new WeakMap<QueryRunner, Set<() => void>>();

  add(runner: QueryRunner, callback: () => void): void {
    const callbacks = this.waiting.get(runner) ?? new Set();
    callbacks.add(callback);
    this.waiting.set(runner, callbacks);
  }

  // Committing a savepoint (nested transaction) also fires this; only the outermost commit counts.
  afterTransactionCommit(event: TransactionCommitEvent): void {
    if (event.queryRunner.isTransactionActive) return;
    const callbacks = this.waiting.get(event.queryRunner);
    this.waiting.delete(event.queryRunner);
    callbacks?.forEach((callback) => callback());
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) this.waiting.delete(event.queryRunner);
  }
}

const installed = new WeakMap<DataSource, PostCommitHooks>();

/**
 * Calls `callback` once the transaction `manager` belongs to has committed; at once when `manager`
 * is not in a transaction (its statements have already committed). The hook is installed on the
 * manager's DataSource the first time, so it works for whatever DataSource a caller uses.
 */
export function afterCommit(manager: EntityManager, callback: () => void): void {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) {
    callback();
    return;
  }
  let hooks = installed.get(manager.dataSource);
  if (!hooks) {
    hooks = new PostCommitHooks();
    installed.set(manager.dataSource, hooks);
    manager.dataSource.subscribers.push(hooks);
  }
  hooks.add(runner, callback);
}
