import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { ServiceInstanceModel } from '../../instances/models/service-instance.model';

@ObjectType('Rule', { description: 'One rule of the serving rule set.' })
export class RuleModel {
  @Field({ description: 'Stable kebab-case id.' })
  id: string;

  @Field({ description: 'What the rule does, in the playbook\'s words.' })
  description: string;

  @Field({ description: 'EMPLOYEE_PROSPECT, EXECUTIVE_LEAD or CORPORATE_LEAD.' })
  linkage: string;

  @Field({ description: 'Code of the product the rule suggests.' })
  productCode: string;

  @Field({ description: 'Disabled rules are loaded and checked but not evaluated.' })
  enabled: boolean;

  @Field(() => Int, { description: 'Rule priority (1–100).' })
  priority: number;

  @Field(() => Float, { description: 'Expected acceptance rate (0–1).' })
  propensity: number;

  @Field(() => Float, { description: 'Business weight: score = propensity × product value × (1 + lever).' })
  lever: number;

  @Field(() => [String], { description: 'Free tags for grouping.' })
  tags: string[];

  @Field({ description: 'The rule file it came from.' })
  file: string;
}

@ObjectType('RuleError', { description: 'One problem in a rule file.' })
export class RuleErrorModel {
  @Field({ description: 'The rule file.' })
  file: string;

  @Field(() => String, { nullable: true, description: 'The rule, when the problem is inside one.' })
  ruleId: string | null;

  @Field({ description: 'JSON Pointer of the offending value (relative to the rule when ruleId is set).' })
  jsonPath: string;

  @Field({ description: 'Stable error code, e.g. UNKNOWN_OPERATOR.' })
  code: string;

  @Field({ description: 'What is wrong.' })
  message: string;

  @Field({ description: 'The whole error as one line: `file: rule "id" at /path: message`.' })
  text: string;
}

@ObjectType('RuleReloadRejection', { description: 'A load of the rule files that was refused, by any instance; the published rule set kept serving.' })
export class RuleReloadRejectionModel {
  @Field({ description: 'When the reload was attempted.' })
  attemptedAt: Date;

  @Field({ description: 'What triggered it: STARTUP, FILE_CHANGE or MANUAL.' })
  trigger: string;

  @Field({ description: 'The instance whose rule files were refused (every instance reports the same refusal).' })
  instanceId: string;

  @Field(() => [RuleErrorModel], { description: 'Every error found.' })
  errors: RuleErrorModel[];
}

@ObjectType('RuleSet', { description: 'The rule set this instance serves, the one the database says is published, and every instance with the version it serves.' })
export class RuleSetModel {
  @Field({ description: 'Content hash of the rule files this instance serves: stamped on every opportunity.' })
  version: string;

  @Field({ description: 'When this instance started serving this version.' })
  loadedAt: Date;

  @Field(() => String, { nullable: true, description: 'The version the database says is published: every instance serves it within seconds of its publication.' })
  publishedVersion: string | null;

  @Field(() => Date, { nullable: true, description: 'When the published version was published.' })
  publishedAt: Date | null;

  @Field(() => [ServiceInstanceModel], { description: 'Every instance on this database (newest first), with the version it serves and its last heartbeat.' })
  instances: ServiceInstanceModel[];

  @Field(() => Int, { description: 'Number of rules (enabled or not).' })
  ruleCount: number;

  @Field(() => [RuleModel], { description: 'The rules, by file and id.' })
  rules: RuleModel[];

  @Field(() => RuleReloadRejectionModel, { nullable: true, description: 'The last refused load of rule files on any instance, if any (compare its attemptedAt with publishedAt).' })
  lastRejectedReload: RuleReloadRejectionModel | null;
}

@ObjectType('ReloadRulesResult', { description: 'The outcome of a reload: the rule set now serving, or the errors that kept the old one.' })
export class ReloadRulesResultModel {
  @Field({ description: 'True when the files were accepted: published for every instance (or already the published version).' })
  applied: boolean;

  @Field(() => RuleSetModel, { description: 'The rule set serving after the reload.' })
  ruleset: RuleSetModel;

  @Field(() => [RuleErrorModel], { description: 'Why the reload was refused (empty when applied).' })
  errors: RuleErrorModel[];
}
