import { CurrentViewer } from '../auth/current-viewer.decorator';
import type { Viewer } from '../auth/viewer';
import { Mutation, Query, Resolver } from '@nestjs/graphql';
import { ReloadRulesResultModel, RuleSetModel } from './models/rule-set.model';
import { RulesService } from './rules.service';

@Resolver(() => RuleSetModel)
export class RulesResolver {
  constructor(private readonly rules: RulesService) {}

  @Query(() => RuleSetModel, { description: 'The rule set now serving: version, load time, rules, the published version, every instance with the version it serves, and the last refused load with its errors.' })
  ruleset(@CurrentViewer() viewer: Viewer): Promise<RuleSetModel> {
    return this.rules.describeFor(viewer);
  }

  @Mutation(() => ReloadRulesResultModel, { description: 'Loads the rule files of this instance now and publishes them for every instance. An invalid change is refused for every instance and the published rule set keeps serving.' })
  reloadRules(@CurrentViewer() viewer: Viewer): Promise<ReloadRulesResultModel> {
    return this.rules.reloadOnRequest(viewer);
  }
}
