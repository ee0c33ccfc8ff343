import { CurrentViewer } from '../auth/current-viewer.decorator';
import type { Viewer } from '../auth/viewer';
import { Mutation, Query, Resolver } from '@nestjs/graphql';
import { ReloadRulesResultModel, RuleSetModel } from './models/rule-set.model';
import { RulesService } from './rules.service';

@Resolver(() => RuleSetModel)
export class RulesResolver {
  constructor(private readonly rules: RulesService) {}

  @Query(() => RuleSetModel, { description: 'The rule set now serving: version, load time, rules, and the last refused reload with its errors.' })
  ruleset(@CurrentViewer() viewer: Viewer): RuleSetModel {
    return this.rules.describeFor(viewer);
  }

  @Mutation(() => ReloadRulesResultModel, { description: 'Reloads the rule files now. An invalid change is refused and the previous rule set keeps serving.' })
  reloadRules(@CurrentViewer() viewer: Viewer): Promise<ReloadRulesResultModel> {
    return this.rules.reloadOnRequest(viewer);
  }
}
