// One server per SQLite database: two would run two runtimes over the same outbox and timers
// (every message delivered twice). The server holds a lock file beside the database, created
// with O_EXCL and naming its pid and address; a second server finds it and refuses to start
// with one line naming the first. A lock left by a killed process (its pid no longer alive) is
// taken over, so a crash never blocks the restart. PostgreSQL deployments coordinate
// through the database instead and take no lock.
import fs from 'node:fs';

interface Holder {
  pid: number;
  address: string | null;
  startedAt: string;
}

export class AlreadyRunning extends Error {
  constructor(
    readonly holder: Holder,
    database: string,
  ) {
    const where = holder.address ?? 'still starting';
    super(`another Ozia server is already running on ${database} (pid ${holder.pid}, ${where}, since ${holder.startedAt}): stop it first, or give this one its own OZIA_DATA_DIR`);
    this.name = 'AlreadyRunning';
  }
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}

function readHolder(file: string): Holder | null {
  try {
    const h = JSON.parse(fs.readFileSync(file, 'utf8')) as Holder;
    return typeof h.pid === 'number' ? h : null;
  } catch {
    return null; // gone meanwhile, or half-written by a process killed while writing it
  }
}

export class InstanceLock {
  private released = false;
  private readonly holder: Holder;
  private readonly onExit = () => this.release();

  private constructor(readonly file: string) {
    this.holder = { pid: process.pid, address: null, startedAt: new Date().toISOString() };
    process.once('exit', this.onExit);
  }

  /** Takes the lock for `database` (its file is `<database>.lock`), or throws AlreadyRunning. */
  static acquire(database: string): InstanceLock {
    const file = `${database}.lock`;
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        const fd = fs.openSync(file, 'wx', 0o600);
        const lock = new InstanceLock(file);
        fs.writeSync(fd, JSON.stringify(lock.holder));
        fs.closeSync(fd);
        return lock;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const holder = readHolder(file);
      if (holder && alive(holder.pid)) throw new AlreadyRunning(holder, database);
      // Stale (its process is gone): move it aside atomically, then try again; whoever moved it first wins.
      const aside = `${file}.stale-${process.pid}-${attempt}`;
      try {
        fs.renameSync(file, aside);
        fs.rmSync(aside, { force: true });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
    throw new Error(`could not take the lock ${file}: another server keeps replacing it`);
  }

  /** Where this server listens, for the message a second one prints. */
  setAddress(address: string) {
    this.holder.address = address;
    if (!this.released) fs.writeFileSync(this.file, JSON.stringify(this.holder), { mode: 0o600 });
  }

  release() {
    if (this.released) return;
    this.released = true;
    process.off('exit', this.onExit);
    if (readHolder(this.file)?.pid === process.pid) fs.rmSync(this.file, { force: true });
  }
}
