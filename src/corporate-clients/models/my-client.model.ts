import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { PageInfoModel } from '../../common/pagination/pagination';
import { CorporateClientModel } from './corporate-client.model';

@ObjectType('MyClient', { description: 'A client a corporate RM (or their branch manager) works with, with the linkage figures of its list row.' })
export class MyClientModel {
  @Field(() => CorporateClientModel, { description: 'The company.' })
  client: CorporateClientModel;

  @Field(() => Int, { description: 'Current employees (role EMPLOYEE).' })
  employees: number;

  @Field(() => Int, { description: 'Current employees whose salary the bank pays.' })
  payrollEmployees: number;

  @Field(() => Float, { description: "Card matching rate: payroll employees holding the bank's debit card ÷ payroll employees (0–1)." })
  cardMatchingRate: number;

  @Field(() => Int, { description: 'Opportunities through this company still open or contacted.' })
  openOpportunities: number;
}

@ObjectType('MyClientEdge', { description: 'One item of a page, with its cursor.' })
export class MyClientEdgeModel {
  @Field({ description: 'Opaque position of this item.' })
  cursor: string;

  @Field(() => MyClientModel, { description: 'The item.' })
  node: MyClientModel;
}

@ObjectType('MyClientConnection', { description: 'A page of the viewer’s clients, by name.' })
export class MyClientConnectionModel {
  @Field(() => [MyClientEdgeModel], { description: 'The items of this page, by company name.' })
  edges: MyClientEdgeModel[];

  @Field(() => PageInfoModel, { description: 'Where this page stands in the list.' })
  pageInfo: PageInfoModel;

  @Field(() => Int, { description: 'Clients in the whole list.' })
  totalCount: number;
}
