/**
 * Two clocks meet in the outbox and timer tables, and each column belongs to one of them:
 *
 * - **Business time** — `due_at`, `not_before`, `next_attempt_at`, `sent_at`, `created_at` — is the caller's
 *   injected time (`ClaimOptions.now`, the `now` of ack and dead-letter, the engine's clock at dispatch). It is
 *   what the policy reasons about: a care message is due after quiet hours in the user's time zone, a tier
 *   review falls due 30 days after an award, and a simulation or a test moves it at will. So "is it due?" is
 *   always `… <= $now`.
 * - **Lease time** — `lease_until` — answers "may another worker take this row?" between app instances that
 *   share the database. Their clocks can be minutes or hours apart (a bad NTP, a container with a frozen clock,
 *   a host that injects a manual clock), and a lease judged by each worker's own clock is worthless: a worker
 *   5 h behind writes a `lease_until` that every other worker already sees as past, and delivers the message a
 *   second time. So leases are written and compared with the one clock every worker shares: the database's
 *   (`statement_timestamp()`, the start of the current statement, in epoch ms). `leaseMs` stays a duration.
 *
 * `offset` is a test hook (see `faults.ts`): the contract suite moves the lease clock forward instead of
 * sleeping. It is 0 in production.
 */
export const leaseNow = (offset: string): string =>
  `((extract(epoch FROM statement_timestamp()) * 1000)::bigint + ${offset}::bigint)`;
