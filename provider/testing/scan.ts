/**
 * Secret scans: everything a provider run leaves behind that a user or a state backend would see
 * (state blobs, engine log messages, the host's stdout and stderr) searched for a secret, also in
 * its base64 and URL-encoded spellings.
 */
import type { ProviderHost } from "./provider-host";
import type { HostedStack } from "./stack";

/** One text to scan and where it came from. */
export interface ScanTarget {
  where: string;
  text: string;
}

/** The spellings of a secret worth searching for. */
export function spellSecret(secret: string): string[] {
  return [...new Set([secret, Buffer.from(secret).toString("base64"), encodeURIComponent(secret)])];
}

/** Returns `where` of every target that contains the secret in any spelling (empty: no leak). */
export function findSecretLeaks(secret: string, targets: readonly ScanTarget[]): string[] {
  if (secret.length < 8)
    throw new Error("findSecretLeaks: use a secret of 8+ characters so a hit means a leak");
  const spellings = spellSecret(secret);
  return targets.filter((t) => spellings.some((s) => t.text.includes(s))).map((t) => t.where);
}

/** The host's output and the engine's log messages. */
export function collectHostTargets(host: ProviderHost): ScanTarget[] {
  return [
    { where: "host stdout", text: host.stdout },
    { where: "host stderr", text: host.stderr },
    ...host.engine.logs.map((log, i) => ({ where: `engine log #${i} (${log.severity})`, text: log.message })),
  ];
}

/** Every state blob the stack wrote (inputs and outputs, `__provider` included). */
export function collectStateTargets(stack: HostedStack): ScanTarget[] {
  return stack.stateHistory.flatMap((state, i) => [
    { where: `state #${i} ${state.urn} inputs`, text: JSON.stringify(state.inputs) },
    { where: `state #${i} ${state.urn} outputs`, text: JSON.stringify(state.outputs) },
    { where: `state #${i} ${state.urn} id`, text: state.id },
  ]);
}
