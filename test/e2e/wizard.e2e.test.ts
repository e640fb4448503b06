/**
 * The wizard end to end, as a field engineer walks it: Debian's Chromium on the page `picket serve` prints, three
 * real lab hosts, and a finished tuning install. On the way: a host key confirmed against the host's own
 * fingerprint, a mistyped password reported on its host while the others go on, a reload and a reopened tab that
 * resume where the user was, and no secret in the page or in anything the engine sends it.
 *
 * The tests of this file are one walk, in order: each starts where the one before left the page.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { LabHost } from '../lab/lab.ts';
import { collectPageErrors, launchChromium, newPage, recordFrames, type FrameRecorder } from '../support/e2e-browser.ts';
import { hostKeyFingerprints, keyTypeOfAlgorithm } from '../support/e2e-lab-facts.ts';
import { shot } from '../support/e2e-screenshots.ts';
import { buildUi, startServe, type ServedPicket } from '../support/e2e-serve.ts';
import { hostSnapshot } from '../support/host-snapshot.ts';
import { labHosts } from '../support/lab-hosts.ts';
import { runPicket } from '../support/run-picket.ts';

/** Long enough for a loaded 2-core machine; every wait below ends as soon as its condition holds. */
const STEP_MS = 120_000;
const INSTALL_MS = 600_000;

let hosts: LabHost[];
let served: ServedPicket;
let browser: Browser;
let page: Page;
let frames: FrameRecorder;
let pageErrors: string[];
let tempDir: string;
let projectDir: string;
/** The changes the Plan step showed, for the rail to show again after a reload. */
let planChanges = 0;
let before: string[];
/** The last test reset the hosts itself, checking them; afterAll need not. */
let resetDone = false;
/** Typed as lab-3's password: wrong, and unique, so any copy of it anywhere is found. */
const canary = `canary-${randomUUID()}`;

const heading = (name: string) => page.getByRole('heading', { level: 1, name, exact: true });
const card = (selector: string, host: string) => page.locator(selector).filter({ has: page.getByText(host, { exact: true }) });
const hostCard = (host: string) => card('article.host-card', host);
/**
 * Waits until the value `read` returns passes the assertion that follows, reading it again every 100 ms. `read`
 * must not wait itself (allInnerTexts, count, isChecked: not innerText, which waits for its element).
 */
const poll = <T>(read: () => Promise<T> | T, timeout = STEP_MS) => expect.poll(read, { timeout, interval: 100 });
/** The text of the first element `locator` finds now, or null when there is none (without waiting for one). */
const textOf = async (locator: Locator): Promise<string | null> => (await locator.allInnerTexts())[0]?.trim() ?? null;
/** How many events of this type the page has received so far. */
const eventsReceived = (type: string) => frames.received().filter((f) => f.includes(`"type":"${type}"`)).length;
/** Does `action` and waits for the engine's answer to it: an event of this type the page had not received before. */
async function andEvent(type: string, action: () => Promise<void>): Promise<void> {
  const before = eventsReceived(type);
  await action();
  await poll(() => eventsReceived(type)).toBeGreaterThan(before);
}
/** Runs the preflight checks from the Discover step and waits for their findings to be shown. */
async function runPreflight(): Promise<void> {
  await andEvent('preflight.findings', () => page.getByRole('button', { name: /^Run preflight checks/ }).click());
  await page.getByRole('button', { name: 'Run preflight checks again', disabled: false }).waitFor({ timeout: STEP_MS });
  await page.locator('.summary-pill').waitFor();
}
/** Discovers every host from the Discover step (their keys pinned already) and waits until all have reported. */
async function discoverAgain(): Promise<void> {
  await andEvent('inventory.host', () => page.getByRole('button', { name: /^(Discover \d+ hosts?|Re-check hosts)$/ }).click());
  await page.getByRole('button', { name: 'Re-check hosts', disabled: false }).waitFor({ timeout: STEP_MS });
}
/** A step in the rail on the left, by its title. */
const railStep = (title: string) => page.getByRole('navigation', { name: 'Wizard steps' }).locator('.rail-step').filter({ has: page.locator('.rail-title').getByText(title, { exact: true }) });

/** The host-key dialog's questions, answered one by one after comparing each with the host's own fingerprint. */
async function confirmHostKeys(expected: LabHost[]): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Trust this host key?' });
  const left = new Map(expected.map((h) => [h.name, h]));
  while (left.size > 0) {
    await dialog.waitFor({ timeout: STEP_MS });
    const asked = (await dialog.locator('p strong').first().innerText()).trim();
    const host = left.get(asked);
    expect(host, `a host-key question about ${asked}, expected one of ${[...left.keys()].join(', ')}`).toBeDefined();
    const keyType = (await dialog.locator('dt:text-is("Key type") + dd').textContent())?.trim() ?? '';
    const shown = ((await dialog.getByTestId('fingerprint').textContent()) ?? '').replace(/\s+/g, '');
    expect(shown).toBe(hostKeyFingerprints(host!).get(keyTypeOfAlgorithm(keyType)));
    await poll(() => dialog.locator(`text=${host!.address}:${host!.port}`).count()).toBe(1);
    if (left.size === expected.length) await shot(page, 'host-key', { docs: true });
    await dialog.getByRole('button', { name: 'Accept and pin' }).click();
    left.delete(asked);
    // The next question replaces this one, or the dialog goes.
    await poll(() => textOf(dialog.locator('p strong'))).not.toBe(asked);
  }
}

/** Every text the page holds now, markup and attributes included (a password could hide in a value="…"). */
async function pageTexts(): Promise<string> {
  return `${await page.content()}\n${await page.locator('body').innerText()}`;
}

/** A step of the timeline: its host, its title and its state, from the cell's accessible name. */
async function timelineCells(): Promise<{ label: string; title: string }[]> {
  return page.locator('button.timeline-cell').evaluateAll((cells) =>
    cells.map((c) => ({ label: c.getAttribute('aria-label') ?? '', title: c.getAttribute('title') ?? '' })),
  );
}

beforeAll(async () => {
  hosts = (await labHosts()).slice(0, 3);
  before = hosts.map(hostSnapshot);
  tempDir = await mkdtemp(join(tmpdir(), 'picket-e2e-wizard-'));
  projectDir = join(tempDir, 'project');
  await buildUi();
  served = await startServe();
  browser = await launchChromium();
  page = await newPage(browser);
  frames = recordFrames(page);
  pageErrors = collectPageErrors(page);
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
  // Whatever failed above, the shared lab hosts go back to their originals for the suites after this one.
  const spec = join(projectDir, 'cluster.yaml');
  if (!resetDone && (await readFile(spec, 'utf8').catch(() => '')).includes('lab-3')) await runPicket(['reset', '-f', spec, '--phase', 'tuning', '--yes']);
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
});

/** A test of the walk; once one fails, the rest are skipped (they would start from a page that is not theirs). */
let brokenAt: string | undefined;
function step(name: string, body: () => Promise<void>, timeout = 2 * STEP_MS): void {
  it(name, async (context) => {
    if (brokenAt) context.skip(`the walk broke at: ${brokenAt}`);
    // Set until the body ends well: a test that times out leaves it set too.
    brokenAt = name;
    context.onTestFailed(async () => {
      await shot(page, `failed-${name.split(':')[0]!.toLowerCase().replace(/[^a-z]+/g, '-')}`).catch(() => undefined);
    });
    await body();
    brokenAt = undefined;
  }, timeout);
}

describe.sequential('the wizard on three lab hosts, to a finished tuning install', () => {
  step('Cluster: creates a project folder and opens it', async () => {
    await page.goto(served.url);
    await heading('Cluster').waitFor();
    await shot(page, 'cluster');
    await page.getByLabel('Cluster name').fill('e2e-lab');
    await page.getByRole('radio', { name: /^Cluster/ }).check();
    await page.getByLabel('Project folder (on the machine running Picket)').fill(projectDir);
    await page.getByRole('button', { name: 'Create project' }).click();
    await heading('Hosts').waitFor();
    expect(await readFile(join(projectDir, 'cluster.yaml'), 'utf8')).toMatch(/^name: e2e-lab$/m);
  });

  step('Hosts: lab-1 by key, lab-2 as a sudo user by password, lab-3 with a mistyped password', async () => {
    const [lab1, lab2, lab3] = hosts as [LabHost, LabHost, LabHost];
    const paste = page.getByRole('textbox', { name: /Paste one per line/ });
    const staged = page.locator('table.staged tbody tr');
    const row = (name: string) => staged.filter({ has: page.locator(`input[aria-label="name"][value="${name}"]`) });

    await paste.fill(`lab-1 root@${lab1.address}\nlab-2 ${lab2.sudoUser}@${lab2.address}`);
    await page.getByRole('button', { name: 'Stage lines' }).click();
    await poll(() => staged.count()).toBe(2);
    await row('lab-1').getByLabel('login').selectOption('key');
    await row('lab-1').getByLabel('key file').fill(lab1.identityFile);
    // A user other than root gets sudo, with the login password.
    expect(await row('lab-2').getByLabel('sudo').isChecked()).toBe(true);
    await page.getByLabel(/^Password/).fill(lab2.sudoPassword);
    // Typed, it is in the box, and nowhere in the page's markup (no value="…" attribute a selector could read).
    expect(await page.getByLabel(/^Password/).inputValue()).toBe(lab2.sudoPassword);
    expect((await pageTexts()).includes(lab2.sudoPassword)).toBe(false);
    await shot(page, 'hosts', { docs: true });
    await page.getByRole('button', { name: 'Add 2 hosts to cluster.yaml' }).click();
    await poll(() => staged.count()).toBe(0);

    await paste.fill(`lab-3 ${lab3.sudoUser}@${lab3.address}`);
    await page.getByRole('button', { name: 'Stage lines' }).click();
    await poll(() => staged.count()).toBe(1);
    await page.getByLabel(/^Password/).fill(canary);
    expect((await pageTexts()).includes(canary)).toBe(false);
    await page.getByRole('button', { name: 'Add 1 host to cluster.yaml' }).click();
    await poll(() => staged.count()).toBe(0);

    const listed = page.locator('table:not(.staged) tbody tr');
    await poll(() => listed.allInnerTexts()).toEqual([
      expect.stringMatching(/^lab-1\s+root@198\.18\.\d+\.\d+\s+key \S+id_ed25519\s+server\s+data/),
      expect.stringMatching(new RegExp(`^lab-2\\s+${lab2.sudoUser}@\\S+\\s+password \\(secret lab-2-login\\)\\s*sudo\\s+sensor`)),
      expect.stringMatching(new RegExp(`^lab-3\\s+${lab3.sudoUser}@\\S+\\s+password \\(secret lab-3-login\\)\\s*sudo\\s+sensor`)),
    ]);
    // The password went into the project's secrets, and cluster.yaml names it only.
    const spec = await readFile(join(projectDir, 'cluster.yaml'), 'utf8');
    expect(spec).toContain('secret: lab-2-login');
    expect(spec).not.toContain(lab2.sudoPassword);
    expect(spec).not.toContain(canary);
  });

  step('Discover: each host key is shown with the host’s real SHA-256 fingerprint; lab-3’s wrong password is reported on lab-3 alone', async () => {
    await page.getByRole('button', { name: 'Continue to Discover' }).click();
    await heading('Discover').waitFor();
    await page.getByRole('button', { name: 'Discover 3 hosts' }).click();
    await confirmHostKeys(hosts);
    await page.getByRole('button', { name: 'Re-check hosts' }).waitFor({ timeout: STEP_MS });

    // lab-3 says why, on its own card; lab-1 and lab-2 went on and were inventoried.
    const problem = hostCard('lab-3').locator('.host-problems');
    await problem.waitFor();
    expect(await problem.innerText()).toMatch(/lab-3.*(authentication|password|permission denied)/i);
    for (const name of ['lab-1', 'lab-2']) {
      const found = hostCard(name);
      await poll(() => textOf(found.locator('.badge'))).toMatch(/ready|discovered/);
      expect(await found.locator('.host-problems').count()).toBe(0);
      expect(await found.locator('dt:text-is("OS") + dd').innerText()).toMatch(/Debian GNU\/Linux 12/);
      expect(await found.locator('dt:text-is("Management") + dd').innerText()).toContain('mgmt0');
    }
    expect(await hostCard('lab-3').locator('dt:text-is("OS")').count()).toBe(0);
    await shot(page, 'discover-wrong-password');
  });

  step('Hosts: lab-3 removed and added again by key; discovery then finds all three, with no new key question', async () => {
    const lab3 = hosts[2]!;
    await railStep('Hosts').click();
    await heading('Hosts').waitFor();
    const listed = page.locator('table:not(.staged) tbody tr').filter({ has: page.getByText('lab-3', { exact: true }) });
    await listed.getByRole('button', { name: 'Remove' }).click();
    await listed.getByRole('button', { name: 'Remove from cluster.yaml?' }).click();
    await poll(() => listed.count()).toBe(0);

    await page.getByRole('textbox', { name: /Paste one per line/ }).fill(`lab-3 root@${lab3.address}`);
    await page.getByRole('button', { name: 'Stage lines' }).click();
    const staged = page.locator('table.staged tbody tr');
    await staged.getByLabel('login').selectOption('key');
    await staged.getByLabel('key file').fill(lab3.identityFile);
    await page.getByRole('button', { name: 'Add 1 host to cluster.yaml' }).click();
    await poll(() => staged.count()).toBe(0);

    await page.getByRole('button', { name: 'Continue to Discover' }).click();
    await heading('Discover').waitFor();
    await discoverAgain();
    for (const host of hosts) await poll(() => hostCard(host.name).locator('dt:text-is("OS") + dd').count()).toBe(1);
    expect(await page.locator('.host-problems').count()).toBe(0);
    // Its key was pinned at the first discovery: nothing was asked again.
    expect(await page.getByRole('dialog').count()).toBe(0);
  });

  step('Discover: preflight findings per host, each with its fix', async () => {
    await runPreflight();
    // The lab's hosts have 2 cores: every host fails role-resources, and says by how much and how to fix it.
    for (const host of hosts) {
      const fail = hostCard(host.name).locator('li.finding.sev-fail').filter({ hasText: 'role-resources' }).first();
      expect(await fail.innerText()).toMatch(new RegExp(`${host.name} has 2 physical cores; a .* needs \\d+ \\(short by \\d+\\)`));
      expect(await fail.locator('.finding-fix').innerText()).toMatch(/^Fix: \S/);
    }
    await shot(page, 'discover-findings');
  });

  step('Roles & NICs: capture NICs picked on the sensors; the management NIC is locked', async () => {
    await page.getByRole('button', { name: 'Continue to Roles & NICs' }).click();
    await heading('Roles & NICs').waitFor();
    for (const name of ['lab-2', 'lab-3']) {
      const roles = card('article.roles-card', name);
      // The NIC carrying the SSH session cannot be chosen: a padlock instead of a checkbox, and why.
      const locked = roles.locator('tbody tr.locked');
      expect(await locked.count()).toBe(1);
      expect(await locked.locator('td.mono.strong').innerText()).toMatch(/^mgmt0\s+carries this SSH session$/);
      expect(await locked.locator('input').count()).toBe(0);
      expect(await roles.getByLabel('capture on mgmt0').count()).toBe(0);
      await roles.getByLabel('capture on cap0').check();
      await roles.getByLabel('capture on cap1').check();
      // cap1 feeds Suricata alone.
      const cap1 = roles.locator('tbody tr').filter({ has: page.getByLabel('capture on cap1') });
      // The engine toggles are labels over hidden checkboxes: the user clicks the label.
      await cap1.locator('label', { hasText: 'zeek' }).click();
      await poll(() => cap1.getByLabel('zeek').isChecked()).toBe(false);
      expect(await cap1.getByLabel('suricata').isChecked()).toBe(true);
    }
    await shot(page, 'roles-and-nics', { docs: true });
    await page.getByRole('button', { name: 'Save 2 hosts' }).click();
    // cluster.yaml names each capture NIC by name and MAC (veths have no PCI address), with its engines.
    type Spec = { hosts: { name: string; roles: string[]; capture?: unknown[] }[] };
    const readSpec = async () => parse(await readFile(join(projectDir, 'cluster.yaml'), 'utf8')) as Spec;
    await poll(async () => (await readSpec()).hosts.filter((h) => h.capture?.length === 2).length).toBe(2);
    // Each save reopens the project (its hosts leave the page and come back): wait until all three are back, clean.
    await poll(async () => [await page.locator('article.roles-card').count(), await page.getByText('unsaved').count()]).toEqual([3, 0]);
    const spec = await readSpec();
    const mac = expect.stringMatching(/^02:50:[0-9a-f:]{11}$/);
    for (const name of ['lab-2', 'lab-3']) {
      expect(spec.hosts.find((h) => h.name === name)?.capture).toEqual([
        expect.objectContaining({ name: 'cap0', mac, engines: ['zeek', 'suricata'] }),
        expect.objectContaining({ name: 'cap1', mac, engines: ['suricata'] }),
      ]);
    }
    expect(spec.hosts.find((h) => h.name === 'lab-1')).toMatchObject({ roles: ['server', 'data'] });
    expect(spec.hosts.find((h) => h.name === 'lab-1')?.capture).toBeUndefined();
    await page.getByRole('button', { name: 'Continue to Plan' }).waitFor({ state: 'visible' });
    expect(await page.getByRole('button', { name: 'Continue to Plan' }).isEnabled()).toBe(true);
  });

  step('Discover: with capture NICs chosen, only role-resources fails; the user waives it with a reason', async () => {
    await railStep('Discover').click();
    await heading('Discover').waitFor();
    await runPreflight();
    const failed = await page.locator('li.finding.sev-fail').allInnerTexts();
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.filter((t) => !t.includes('role-resources'))).toEqual([]);
    await waiveRoleResources();
    await poll(() => page.locator('li.finding.sev-fail').count()).toBe(0);
    expect(await page.locator('li.finding.sev-waived').filter({ hasText: 'role-resources' }).count()).toBeGreaterThan(0);
    expect(await page.locator('.summary-pill').innerText()).toMatch(/^no blocking findings/);
    await shot(page, 'discover', { docs: true });
  });

  step('Reload: the page comes back on the step it showed, and a reopened tab resumes where the project stands', async () => {
    await railStep('Roles & NICs').click();
    await heading('Roles & NICs').waitFor();
    await page.reload();
    await heading('Roles & NICs').waitFor();
    // The token has done its work: the address bar no longer shows it, and the cookie authenticated the reload.
    expect(new URL(page.url()).search).toBe('');
    await poll(() => page.getByRole('checkbox', { name: 'capture on cap0', checked: true }).count()).toBe(2);

    // Closing the tab and opening the printed URL again: everything before Plan is done, so the Plan it is.
    const reopened = await page.context().newPage();
    try {
      await reopened.goto(served.url);
      await reopened.getByRole('heading', { level: 1, name: 'Plan', exact: true }).waitFor({ timeout: STEP_MS });
      expect(new URL(reopened.url()).hash).toBe('#plan');
      // It asks for the plan, as entering Plan does, and is closed before the plan comes: the engine goes on making
      // it, and the first page's own request joins that one (or the plan reaches it as it lands).
    } finally {
      await reopened.close();
    }
  });

  step('Plan: the changes per host, and a picture of each sensor’s CPU layout with its NICs', async () => {
    await page.getByRole('button', { name: 'Continue to Plan' }).click();
    await heading('Plan').waitFor();
    await poll(() => textOf(page.locator('.summary-pill'))).toMatch(/^\d+ changes on 2 host\(s\)/);
    planChanges = Number(/^(\d+)/.exec((await textOf(page.locator('.summary-pill'))) ?? '')?.[1]);
    for (const name of ['lab-2', 'lab-3']) {
      const picture = page.getByRole('img', { name: new RegExp(`^CPU layout of ${name}: 2 cores, 2 logical CPUs in 1 NUMA node`) });
      await picture.waitFor();
      // The capture NICs and the management NIC hang off the node.
      const nics = (await picture.locator('g.cm-nic > text').allTextContents()).map((t) => t.split(' ')[0]);
      expect(nics.sort()).toEqual(['cap0', 'cap1', 'mgmt0']);
      expect(await picture.locator('rect.cm-cell').count()).toBe(2);
    }
    const sensorPlan = card('article.plan-card', 'lab-2');
    expect(await sensorPlan.locator('.change-list li').allInnerTexts()).toContain('cap0 promiscuous: off -> on');
    // The server captures nothing: no CPUs are pinned there.
    expect(await card('article.plan-card', 'lab-1').innerText()).toContain('No capture NICs on this host');
    await shot(page, 'plan', { docs: true });
  });

  step('Install: every step settles (done, or not possible here with the reason), and a step’s terminal shows its output', async () => {
    await page.getByRole('button', { name: 'Install', exact: true }).click();
    await heading('Install').waitFor({ timeout: STEP_MS });
    const status = page.locator('.run-status');
    // Reloading while it runs: the page comes back to the run, which goes on, and to the plan it installs (fresh
    // while the run goes on, marked as changed once it finished, as on a page that stayed).
    await page.reload();
    await heading('Install').waitFor();
    await poll(() => textOf(railStep('Plan').locator('.rail-note'))).toMatch(new RegExp(`^(${planChanges} changes|hosts changed: plan again)$`));
    await status.waitFor();
    await poll(() => textOf(status), INSTALL_MS).toMatch(/succeeded|failed|cancelled/i);
    const cells = await timelineCells();
    const unsettled = cells.filter((c) => !/: (verified|in-sync|not-permitted|skipped)$/.test(c.label));
    expect(unsettled, 'steps that did not end verified, in sync, or not possible here').toEqual([]);
    expect(await status.innerText()).toMatch(/^succeeded$/i);
    expect(cells.length).toBeGreaterThan(20);
    // A step the host cannot take says why.
    for (const cell of cells.filter((c) => c.label.endsWith(': not-permitted'))) expect(cell.title).toMatch(/\nnot-permitted: \S/);
    expect(cells.filter((c) => c.label.endsWith(': verified')).length).toBeGreaterThan(5);

    // The step terminal of a changed step replays its log.
    const changed = page.getByRole('button', { name: /^lab-2 .*: verified$/ }).first();
    await changed.click();
    const detail = page.locator('.step-detail');
    await poll(() => textOf(detail.locator('.badge'))).toBe('verified');
    const screen = detail.locator('.xterm-rows');
    await poll(async () => (await textOf(screen))?.length ?? 0).toBeGreaterThan(0);
    await shot(page, 'install', { docs: true });
  }, INSTALL_MS + STEP_MS);

  step('Done: the outcome per host, and where the journal and logs are', async () => {
    await page.getByRole('button', { name: 'Continue to Done' }).click();
    await heading('Done').waitFor();
    expect(await page.locator('.outcome-title').innerText()).toBe('Install succeeded');
    const rows = page.locator('table tbody tr');
    expect(await rows.count()).toBe(3);
    for (const host of hosts) {
      const row = rows.filter({ has: page.getByText(host.name, { exact: true }) });
      // Columns: host, roles, changed, in sync, skipped, not possible, failed, reboot.
      expect(await row.locator('td').nth(6).innerText()).toBe('0');
    }
    expect(await page.locator('dt:text-is("Journal") + dd').innerText()).toMatch(new RegExp(`^${projectDir}/runs/[^/]+/journal\\.jsonl$`));
    await shot(page, 'done');
  });

  step('No secret in the page or in anything the engine sent it; each password crossed the socket once, inbound, to be stored', async () => {
    const lab2 = hosts[1]!;
    const secrets = { canary, 'the lab sudo password': lab2.sudoPassword };
    const received = frames.received();
    const sent = frames.sent();
    expect(received.length).toBeGreaterThan(100);
    const texts = await pageTexts();
    for (const [what, secret] of Object.entries(secrets)) {
      expect(received.filter((f) => f.includes(secret)), `frames received carrying ${what}`).toEqual([]);
      expect(texts.includes(secret), `${what} in the page`).toBe(false);
      // Typed once into the form, it left the page once: in the hosts.add that stores it as a project secret.
      const carrying = sent.filter((f) => f.includes(secret)).map((f) => JSON.parse(f) as { name?: string });
      expect(carrying.map((m) => m.name), `frames sent carrying ${what}`).toEqual(['hosts.add']);
      expect(served.output().includes(secret), `${what} in picket serve's output`).toBe(false);
    }
    // Nor is either anywhere in the project but secrets.yaml: not in cluster.yaml, the journal or a step's log.
    const leaks: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await walk(path);
        else if (entry.name !== 'secrets.yaml') {
          const text = await readFile(path, 'utf8');
          for (const [what, secret] of Object.entries(secrets)) if (text.includes(secret)) leaks.push(`${what} in ${path}`);
        }
      }
    };
    await walk(projectDir);
    expect(leaks).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  step('Reset from the CLI brings every host back to what it was before the install', async () => {
    const reset = await runPicket(['reset', '-f', join(projectDir, 'cluster.yaml'), '--phase', 'tuning', '--yes']);
    expect(reset.code, reset.stdout + reset.stderr).toBe(0);
    hosts.forEach((host, i) => expect(hostSnapshot(host), host.name).toBe(before[i]));
    resetDone = true;
  }, INSTALL_MS);
});

/**
 * Waives role-resources the way a user does: "Waive…" on a host's failed check, a reason, for every host. The
 * waiver goes into cluster.yaml and the findings are judged again at once.
 */
async function waiveRoleResources(): Promise<void> {
  const finding = hostCard('lab-1').locator('li.finding.sev-fail').filter({ hasText: 'role-resources' }).first();
  await finding.getByRole('button', { name: 'Waive…' }).click();
  const form = page.getByRole('form', { name: 'waive role-resources' });
  await form.getByLabel('waiver reason').fill("lab hosts share this machine's cores and disk");
  await form.getByLabel('waiver covers').selectOption({ label: 'for every host' });
  await form.getByRole('button', { name: 'Waive', exact: true }).click();
  await form.waitFor({ state: 'detached', timeout: STEP_MS });
  const spec = parse(await readFile(join(projectDir, 'cluster.yaml'), 'utf8')) as { preflight?: { waive?: unknown[] } };
  expect(spec.preflight?.waive).toEqual([{ check: 'role-resources', reason: "lab hosts share this machine's cores and disk" }]);
}
