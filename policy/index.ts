/**
 * The `cloudflare-acns` policy pack: Cloudflare's account custom nameserver rules checked over the
 * whole stack, our resources and @pulumi/cloudflare's together, at every `pulumi preview` and `up`.
 *
 *   pulumi preview --policy-pack policy
 *
 * - `acns-rules` (mandatory): every broken rule and every pair of resources that would fight over
 *   the same zone, default or set, with the URNs of the resources involved.
 * - `acns-not-checked` (advisory): what the stack cannot show (unknowns during a preview, sets used
 *   but managed elsewhere, zones whose name or account is not known).
 * - `acns-cloudflare-inputs` (advisory, never reports): records whether each cloudflare.ZoneDnsSettings
 *   and cloudflare.AccountDnsSettings sets nameservers. A stack policy sees outputs only, and their
 *   outputs show the zone's nameservers even when the program leaves them alone.
 *
 * Importing this module starts the policy pack's server: tests import ./analyze-stack instead.
 */
import { PolicyPack, type PolicyResource, type StackValidationArgs } from "@pulumi/policy";
import { AcnsPolicyTypes, analyzeAcnsStack, formatStackFinding, type StackResource } from "./analyze-stack";

/** Inputs of the @pulumi/cloudflare settings resources, by URN, as the resource policy saw them. */
const cloudflareInputs = new Map<string, Record<string, unknown>>();

const RECORDED_TYPES: ReadonlySet<string> = new Set([
  AcnsPolicyTypes.zoneDnsSettings,
  AcnsPolicyTypes.accountDnsSettings,
]);

/** The stack's resources as the analysis reads them (one analysis serves both stack policies). */
function readStack(args: StackValidationArgs): StackResource[] {
  return args.resources.map((resource: PolicyResource) => ({
    type: resource.type,
    urn: resource.urn,
    name: resource.name,
    props: resource.props,
    parent: resource.parent?.urn,
    propertyDependencies: Object.fromEntries(
      Object.entries(resource.propertyDependencies).map(([key, deps]) => [key, deps.map((d) => d.urn)]),
    ),
    inputs: cloudflareInputs.get(resource.urn),
  }));
}

let lastAnalysis:
  { resources: StackValidationArgs["resources"]; report: ReturnType<typeof analyzeAcnsStack> } | undefined;

function analyze(args: StackValidationArgs): ReturnType<typeof analyzeAcnsStack> {
  if (lastAnalysis?.resources !== args.resources) {
    lastAnalysis = { resources: args.resources, report: analyzeAcnsStack(readStack(args)) };
  }
  return lastAnalysis.report;
}

new PolicyPack("cloudflare-acns", {
  description:
    "Cloudflare account custom nameserver rules, checked over the whole stack before anything changes.",
  policies: [
    {
      name: "acns-cloudflare-inputs",
      description:
        "Records which cloudflare.ZoneDnsSettings and cloudflare.AccountDnsSettings set nameservers, for acns-rules. Never reports.",
      enforcementLevel: "advisory",
      validateResource: (args) => {
        if (!RECORDED_TYPES.has(args.type)) return;
        const inputs: Record<string, unknown> = {};
        for (const key of ["nameservers", "zoneDefaults"]) {
          try {
            const value: unknown = args.props[key];
            if (value !== undefined) inputs[key] = value;
          } catch {
            // Unknown during a preview: the program does set it.
            inputs[key] = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
          }
        }
        cloudflareInputs.set(args.urn, inputs);
      },
    },
    {
      name: "acns-rules",
      description:
        "Cloudflare's account custom nameserver rules (sets, names, the hierarchy rule, the default) over every " +
        "account of the stack, and no two resources managing the same zone's nameservers, default or set.",
      enforcementLevel: "mandatory",
      validateStack: (args, reportViolation) => {
        for (const finding of analyze(args).violations)
          reportViolation(formatStackFinding(finding), finding.urns[0]);
      },
    },
    {
      name: "acns-not-checked",
      description: "What acns-rules could not check in this stack, and why.",
      enforcementLevel: "advisory",
      validateStack: (args, reportViolation) => {
        for (const finding of analyze(args).unchecked)
          reportViolation(formatStackFinding(finding), finding.urns[0]);
      },
    },
  ],
});
