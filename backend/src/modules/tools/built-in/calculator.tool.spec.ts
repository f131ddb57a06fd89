import type { ToolContext } from '../tool';
import { CalculatorTool } from './calculator.tool';

const context = (signal = new AbortController().signal): ToolContext => ({ user: { id: 'u1', email: 'a@example.com', role: 'user', sessionId: 's1' }, signal, collectionIds: [], cite: () => 1 });

describe('CalculatorTool', () => {
  const calculator = new CalculatorTool();
  const calculate = (expression: string, signal?: AbortSignal) => calculator.run({ expression }, context(signal));
  afterAll(() => calculator.onModuleDestroy());

  it('computes exactly and formats the result', async () => {
    await expect(calculate('17.5 / 100 * 2340')).resolves.toEqual({ content: '409.5', summary: '17.5 / 100 * 2340 = 409.5' });
    await expect(calculate('0.1 + 0.2')).resolves.toMatchObject({ content: '0.3' });
    await expect(calculate('2^64')).resolves.toMatchObject({ content: '1.844674407371e+19' });
    await expect(calculate('5 km + 300 m to m')).resolves.toMatchObject({ content: '5300 m' });
    await expect(calculate('det([1, 2; 3, 4])')).resolves.toMatchObject({ content: '-2' });
    await expect(calculate('x = 3; x * 2')).resolves.toMatchObject({ content: '6' });
  });

  it('answers Infinity for 1/0, as mathjs does', async () => {
    await expect(calculate('1/0')).resolves.toMatchObject({ content: 'Infinity' });
  });

  it.each([
    ['import({ evil: 1 }, { override: true })', 'Function import is disabled'],
    ['createUnit("furlong", "220 yards")', 'Function createUnit is disabled'],
    ['evaluate("1 + 1")', 'Function evaluate is disabled'],
    ['parse("1 + 1")', 'Function parse is disabled'],
    ['compile("1 + 1")', 'Function compile is disabled'],
    ['simplify("x + x")', 'Function simplify is disabled'],
    ['derivative("x^2", "x")', 'Function derivative is disabled'],
  ])('refuses the unsafe %s', async (expression, message) => {
    await expect(calculate(expression)).rejects.toThrow(`Could not calculate "${expression}": ${message}`);
  });

  it('explains syntax errors and unknown symbols', async () => {
    await expect(calculate('2 * (3 +')).rejects.toThrow(/^Could not calculate "2 \* \(3 \+": (Unexpected end of expression|Parenthesis \) expected)/);
    await expect(calculate('foo + 1')).rejects.toThrow('Could not calculate "foo + 1": Undefined symbol foo');
  });

  it('keeps no state between calls', async () => {
    await calculate('secret = 42');
    await expect(calculate('secret')).rejects.toThrow('Undefined symbol secret');
  });

  it('stops a runaway expression and stays usable', async () => {
    await expect(calculate('zeros(100000, 100000)')).rejects.toThrow(/needs too much memory|took longer than 3 s|Invalid array length/);
    await expect(calculate('1 + 1')).resolves.toMatchObject({ content: '2' });
  }, 30_000);

  it('stops when its signal aborts', async () => {
    const controller = new AbortController();
    const running = calculate('sum(ones(3000, 3000))', controller.signal);
    setTimeout(() => controller.abort(new Error('turn stopped')), 20);
    await expect(running).rejects.toThrow('turn stopped');
    await expect(calculate('2 * 21')).resolves.toMatchObject({ content: '42' });
  }, 30_000);
});
