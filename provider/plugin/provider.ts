/**
 * The provider plugin `pulumi-resource-cloudflare-acns`: the package's resources for every
 * language. Each method finds the resource from the URN's type token and calls the run-time
 * implementation the dynamic resources use, so there is one check/diff/create/read/update/delete
 * and one set of API calls; the plugin adds what a dynamic provider cannot give: per-property
 * diffs, secrets kept secret, and `read` answering `pulumi import` with the resource's inputs.
 */
import type * as provider from "@pulumi/pulumi/provider";
import type * as pulumi from "@pulumi/pulumi";
import { PulumiTypeTokens } from "../core/package-schema";
import type { AccountCustomNameserversArgs } from "../component/account-custom-nameservers-args";
import { readRecord } from "../resources/inputs";
import { addDetailedDiff, type DetailedDiffResult } from "./detailed-diff";
import { listSecretProperties, unwrapSecrets, wrapProperties } from "./properties";
import { PLUGIN_EXECUTABLE, resourceOfUrn, type PluginResource } from "./resources";
import { getPackageSchema, readPackageVersion } from "./schema";

/**
 * The inputs an import records: the inputs the resource declares, as read from the live object.
 * Only for an import (the engine sends no properties): a refresh keeps the inputs it has.
 */
function inputsOfImport(resource: PluginResource, props: Record<string, unknown>): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const name of resource.inputs) {
    const value = props[name];
    if (value !== undefined && value !== null) inputs[name] = value;
  }
  return inputs;
}

/** The plugin's resource provider (config arrives separately, see server.ts). */
export const pluginProvider = {
  version: readPackageVersion(),

  async getSchema(): Promise<string> {
    return JSON.stringify(getPackageSchema());
  },

  async check(urn: string, olds: unknown, news: unknown): Promise<provider.CheckResult> {
    const { runtime } = resourceOfUrn(urn);
    const result = await runtime.check(unwrapSecrets(olds), unwrapSecrets(news));
    return {
      inputs: wrapProperties(result.inputs, listSecretProperties(news)),
      ...(result.failures === undefined ? {} : { failures: result.failures }),
    };
  },

  /** `olds` is the recorded state (what the run-time compares); `oldInputs` the recorded inputs. */
  async diff(
    id: string,
    urn: string,
    olds: unknown,
    news: unknown,
    oldInputs?: unknown,
  ): Promise<DetailedDiffResult> {
    const resource = resourceOfUrn(urn);
    const plainOlds = unwrapSecrets(olds);
    const plainNews = unwrapSecrets(news);
    const result = await resource.runtime.diff(id, plainOlds, plainNews);
    return addDetailedDiff(resource.inputs, plainOlds, unwrapSecrets(oldInputs ?? olds), plainNews, result);
  },

  async create(urn: string, inputs: unknown): Promise<provider.CreateResult> {
    const { runtime } = resourceOfUrn(urn);
    const { id, outs } = await runtime.create(unwrapSecrets(inputs));
    return { id, outs: wrapProperties(outs, listSecretProperties(inputs)) };
  },

  async read(id: string, urn: string, props: unknown): Promise<provider.ReadResult> {
    const resource = resourceOfUrn(urn);
    const isImport = Object.keys(readRecord(props)).length === 0;
    const result = await resource.runtime.read(id, unwrapSecrets(props));
    const read = readRecord(result.props);
    // Gone: an empty id tells the engine to drop the resource.
    return {
      id: result.id ?? "",
      props: wrapProperties(read, listSecretProperties(props)),
      ...(isImport && result.props !== undefined ? { inputs: inputsOfImport(resource, read) } : {}),
    };
  },

  async update(id: string, urn: string, olds: unknown, news: unknown): Promise<provider.UpdateResult> {
    const { runtime } = resourceOfUrn(urn);
    const result = await runtime.update(id, unwrapSecrets(olds), unwrapSecrets(news));
    return { outs: wrapProperties(result.outs, listSecretProperties(news)) };
  },

  async delete(id: string, urn: string, props: unknown): Promise<void> {
    await resourceOfUrn(urn).runtime.delete(id, unwrapSecrets(props));
  },

  /** The component, for every language: its children are the plugin's resources. */
  async construct(
    name: string,
    type: string,
    inputs: pulumi.Inputs,
    options: pulumi.ComponentResourceOptions,
  ): Promise<provider.ConstructResult> {
    if (type !== PulumiTypeTokens.AccountCustomNameservers) {
      throw new Error(
        `${PLUGIN_EXECUTABLE} has no component ${JSON.stringify(type)}; it serves ${PulumiTypeTokens.AccountCustomNameservers}`,
      );
    }
    // Loaded here: the classes register resources, which only a construct may do.
    const { PluginAccountCustomNameservers } = await import("./classes");
    const component = new PluginAccountCustomNameservers(
      name,
      inputs as unknown as AccountCustomNameserversArgs,
      options,
    );
    return {
      urn: component.urn,
      state: {
        glueRecords: component.glueRecords,
        customGlueRecords: component.customGlueRecords,
        nameservers: component.nameservers,
      },
    };
  },
} satisfies provider.Provider;
