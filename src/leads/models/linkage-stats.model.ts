import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { ProductCategoryEnum } from '../../common/graphql-enums';

@ObjectType('CategoryPenetration', { description: "Share of the company's current employees who hold a product of this category." })
export class CategoryPenetrationModel {
  @Field(() => ProductCategoryEnum, { description: 'Product category.' })
  category: string;

  @Field(() => Int, { description: 'Employees holding at least one product of the category.' })
  holders: number;

  @Field(() => Float, { description: 'Holders ÷ current employees (0–1).' })
  rate: number;
}

@ObjectType('LinkageStats', { description: "How deeply the bank reaches a company's people, and how its opportunities fare." })
export class LinkageStatsModel {
  @Field(() => Int, { description: 'Current employees (role EMPLOYEE).' })
  employees: number;

  @Field(() => Int, { description: 'Current employees whose salary is paid through the bank.' })
  payrollEmployees: number;

  @Field(() => Int, { description: "Payroll employees holding the bank's debit card." })
  payrollEmployeesWithDebitCard: number;

  @Field(() => Float, { description: "Card matching rate: payroll employees holding the bank's debit card ÷ payroll employees (0–1)." })
  cardMatchingRate: number;

  @Field(() => [CategoryPenetrationModel], { description: 'Product penetration per category among current employees.' })
  penetration: CategoryPenetrationModel[];

  @Field(() => Int, { description: 'Live opportunities through the company (OPEN or CONTACTED).' })
  openOpportunities: number;

  @Field(() => Int, { description: 'Opportunities through the company a customer accepted.' })
  acceptedOpportunities: number;

  @Field(() => Int, { description: 'Opportunities through the company a customer declined.' })
  declinedOpportunities: number;
}
