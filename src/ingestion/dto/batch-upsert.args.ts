import { ArgsType, Field } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray } from 'class-validator';
import { UpsertCorporateClientInput } from '../../corporate-clients/dto/upsert-corporate-client.input';
import { UpsertEmploymentInput } from '../../people/dto/upsert-employment.input';
import { UpsertPersonInput } from '../../people/dto/upsert-person.input';
import { UpsertHoldingInput } from '../../products/dto/upsert-holding.input';

/** The most items one batch upsert takes. */
export const MAX_BATCH_ITEMS = 1000;

// Each item is validated on its own by the service (a bad item is answered, not the whole request).
@ArgsType()
export class UpsertPersonsArgs {
  @Field(() => [UpsertPersonInput], { description: `Up to ${MAX_BATCH_ITEMS} persons, keyed by customer number.` })
  @IsArray()
  @ArrayMaxSize(MAX_BATCH_ITEMS, { message: `inputs takes at most ${MAX_BATCH_ITEMS} items` })
  inputs: UpsertPersonInput[];
}

@ArgsType()
export class UpsertEmploymentsArgs {
  @Field(() => [UpsertEmploymentInput], { description: `Up to ${MAX_BATCH_ITEMS} employments, keyed by their external id.` })
  @IsArray()
  @ArrayMaxSize(MAX_BATCH_ITEMS, { message: `inputs takes at most ${MAX_BATCH_ITEMS} items` })
  inputs: UpsertEmploymentInput[];
}

@ArgsType()
export class UpsertHoldingsArgs {
  @Field(() => [UpsertHoldingInput], { description: `Up to ${MAX_BATCH_ITEMS} holdings, keyed by account or contract number.` })
  @IsArray()
  @ArrayMaxSize(MAX_BATCH_ITEMS, { message: `inputs takes at most ${MAX_BATCH_ITEMS} items` })
  inputs: UpsertHoldingInput[];
}

@ArgsType()
export class UpsertCorporateClientsArgs {
  @Field(() => [UpsertCorporateClientInput], { description: `Up to ${MAX_BATCH_ITEMS} corporate clients, keyed by the bank's client number.` })
  @IsArray()
  @ArrayMaxSize(MAX_BATCH_ITEMS, { message: `inputs takes at most ${MAX_BATCH_ITEMS} items` })
  inputs: UpsertCorporateClientInput[];
}
