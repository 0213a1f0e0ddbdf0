import { groupBy } from './group-by';

describe('groupBy', () => {
  it('groups by key, keeping the order of the items within each group', () => {
    const lines = [
      { order: 'a', n: 1 },
      { order: 'b', n: 2 },
      { order: 'a', n: 3 },
    ];
    const groups = groupBy(lines, (line) => line.order);
    expect([...groups.keys()]).toEqual(['a', 'b']);
    expect(groups.get('a')!.map((line) => line.n)).toEqual([1, 3]);
    expect(groups.get('b')!.map((line) => line.n)).toEqual([2]);
    expect(groups.get('c')).toBeUndefined();
  });

  it('keys by identity when the key is an object', () => {
    const [x, y] = [{}, {}];
    const groups = groupBy([x, y, x], (item) => item);
    expect(groups.get(x)).toHaveLength(2);
    expect(groups.get(y)).toHaveLength(1);
  });
});
