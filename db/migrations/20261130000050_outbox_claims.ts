import type { Knex } from 'knex';

// The outbox as a state machine with claims. A row being worked on records who holds it
// (host, pid, the process's start time, a random claim token and a heartbeat), so any
// other process can tell a live sender from a dead one and settle what the dead one left.
// A resumable upload records its session and the message size, so a mail whose sender is
// gone can be settled by asking Google's session whether it was completed.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('outbox', (t) => {
    t.string('claim', 40).nullable();
    t.string('claim_host', 255).nullable();
    t.integer('claim_pid').nullable();
    t.string('claim_process_start', 30).nullable();
    t.string('claim_beat_at', 30).nullable();
    t.text('upload_session').nullable();
    t.bigInteger('message_size').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('outbox', (t) => {
    t.dropColumn('message_size');
    t.dropColumn('upload_session');
    t.dropColumn('claim_beat_at');
    t.dropColumn('claim_process_start');
    t.dropColumn('claim_pid');
    t.dropColumn('claim_host');
    t.dropColumn('claim');
  });
}
