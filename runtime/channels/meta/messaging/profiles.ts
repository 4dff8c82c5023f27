// People's names from the Graph profile (`GET /{psid}?fields=first_name,last_name`, an Instagram
// user's `?fields=name,username`), asked once per person and kept: a message is stored at once
// with the name already known, and a name learnt afterwards is given to the contact then.
const FORGET_FAILED_MS = 3_600_000;
const MAX = 50_000;

export class ProfileNames {
  private readonly names = new Map<string, string | { failedAt: number }>();
  private readonly asking = new Set<string>();

  constructor(
    private readonly ask: (user: string) => Promise<string | null>,
    private readonly learnt: (user: string, name: string) => Promise<void>,
    private readonly log: (level: 'debug' | 'warn', message: string, data?: Record<string, unknown>) => void,
  ) {}

  /** The name when known (null otherwise: `learn` asks Meta for it). */
  known(user: string): string | null {
    const v = this.names.get(user);
    return typeof v === 'string' ? v : null;
  }

  /** Asks Meta for a person's name in the background, once their message is stored (the contact exists). */
  learn(user: string) {
    const v = this.names.get(user);
    if (typeof v === 'string' || (v && Date.now() - v.failedAt < FORGET_FAILED_MS)) return;
    if (this.asking.has(user)) return;
    this.asking.add(user);
    void (async () => {
      try {
        const name = await this.ask(user);
        if (this.names.size > MAX) this.names.clear();
        if (!name) {
          this.names.set(user, { failedAt: Date.now() });
          return;
        }
        this.names.set(user, name);
        await this.learnt(user, name);
      } catch (e) {
        // Meta may refuse profiles (a person who limited them, a missing permission): the contact stays nameless.
        this.names.set(user, { failedAt: Date.now() });
        this.log('debug', 'the Graph profile did not answer', { error: String((e as Error)?.message ?? e) });
      } finally {
        this.asking.delete(user);
      }
    })();
  }
}
