import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const DECIMAL = /^-?\d{1,16}(\.\d{1,4})?$/;

/**
 * Exact decimal amounts (money) as strings, e.g. "12500.00": never floating point, as the
 * database stores them.
 */
export const DecimalScalar = new GraphQLScalarType({
  name: 'Decimal',
  description: 'An exact decimal number serialised as a string, e.g. "12500.00". Used for money.',
  serialize(value: unknown): string {
    if (typeof value === 'string' && DECIMAL.test(value)) return value;
    if (typeof value === 'number' && Number.isFinite(value)) return value.toFixed(2);
    throw new GraphQLError(`Decimal cannot represent ${typeof value}`);
  },
  parseValue(value: unknown): string {
    const s = typeof value === 'number' ? String(value) : value;
    if (typeof s !== 'string' || !DECIMAL.test(s)) throw new GraphQLError('Decimal must be a decimal number string such as "1234.50"');
    return s;
  },
  parseLiteral(ast): string {
    if ((ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) && DECIMAL.test(ast.value)) return ast.value;
    throw new GraphQLError('Decimal must be a decimal number string such as "1234.50"');
  },
});
