// The stack's outputs: `pulumi stack output glue4` prints what to publish at the registrar.
import { basicProgram } from "./program";

const outputs = basicProgram();

export const glue4 = outputs.glue4;
export const glue5 = outputs.glue5;
export const exampleComNameservers = outputs.exampleComNameservers;
export const euExampleComNameservers = outputs.euExampleComNameservers;
