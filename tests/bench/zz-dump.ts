import { writeFileSync } from 'node:fs';
import { benchEvents, benchPolicyWithPoints } from './policy-40';
import { storesPolicy, taskEvents } from '../stores/support/scenario';
writeFileSync('/tmp/h2-fixture.json', JSON.stringify({ policy: benchPolicyWithPoints, events: benchEvents(60000, 5000), warm: benchEvents(20000, 5000).map((e) => ({ ...e, id: `w-${e.id}`, userId: `w-${e.userId}` })), storesPolicy, tasks: taskEvents(3000, 150) }));
