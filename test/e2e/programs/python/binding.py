"""One step of a Python stack that puts a zone on a numbered nameserver set with the SDK generated
from schema.json (`pulumi_cloudflare_acns`), run through the Python Automation API with an inline
program. test/e2e/python-sdk.test.ts runs it once per step (up, preview, destroy) on the same
stack, checking the emulator in between.

Usage: python binding.py <up|preview|destroy>, with the parameters as JSON in ACNS_PYTHON_PARAMS:
  workDir      the project directory (this script writes its Pulumi.yaml)
  backendUrl   the state backend, e.g. file:///tmp/...
  pluginDir    the directory holding pulumi-resource-cloudflare-acns
  apiToken     set as stack config cloudflare-acns:apiToken, deliberately WITHOUT secret
  baseUrl      the API's base URL (cloudflare-acns:baseUrl)
  zoneId, nsSet  the binding's inputs
The Pulumi CLI's output goes to stderr; the last line on stdout is the step's result as JSON.
(The state is read by the test with `pulumi stack export`: this API's export_stack passes
--show-secrets.)
"""

import json
import os
import sys

import pulumi
import pulumi_cloudflare_acns as acns
from pulumi import automation as auto

PROJECT = "acns-python"
STACK = "dev"


def write_project(params):
    """Pulumi.yaml (JSON is YAML) with the plugin's directory: the Python Automation API's
    ProjectSettings has no `plugins`, so the project file is written here and the workspace
    reads it (it writes one only when given ProjectSettings)."""
    project = {
        "name": PROJECT,
        "runtime": "python",
        "backend": {"url": params["backendUrl"]},
        "plugins": {"providers": [{"name": "cloudflare-acns", "path": params["pluginDir"]}]},
    }
    with open(os.path.join(params["workDir"], "Pulumi.yaml"), "w", encoding="utf-8") as f:
        json.dump(project, f, indent=2)


def make_program(params):
    def program():
        binding = acns.ZoneAcnsBinding("example-net", zone_id=params["zoneId"], ns_set=params["nsSet"])
        pulumi.export("nameservers", binding.nameservers)
        pulumi.export("zoneName", binding.zone_name)

    return program


def echo(line):
    print(line, file=sys.stderr, end="" if line.endswith("\n") else "\n")


def main():
    step = sys.argv[1]
    params = json.loads(os.environ["ACNS_PYTHON_PARAMS"])
    write_project(params)
    stack = auto.create_or_select_stack(
        stack_name=STACK,
        project_name=PROJECT,
        program=make_program(params),
        opts=auto.LocalWorkspaceOptions(work_dir=params["workDir"]),
    )
    if step == "up":
        stack.set_config("cloudflare-acns:apiToken", auto.ConfigValue(value=params["apiToken"], secret=False))
        stack.set_config("cloudflare-acns:baseUrl", auto.ConfigValue(value=params["baseUrl"]))
        up = stack.up(on_output=echo)
        result = {
            "outputs": {k: {"value": v.value, "secret": v.secret} for k, v in up.outputs.items()},
            "resourceChanges": up.summary.resource_changes,
        }
    elif step == "preview":
        preview = stack.preview(on_output=echo)
        result = {"changeSummary": {getattr(k, "value", k): v for k, v in preview.change_summary.items()}}
    elif step == "destroy":
        destroy = stack.destroy(on_output=echo)
        result = {"resourceChanges": destroy.summary.resource_changes}
    else:
        raise SystemExit(f"binding.py: unknown step {step!r} (expected up, preview or destroy)")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
