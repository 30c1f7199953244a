import { Store } from '../../src/store/store';

describe('Store.prepared', () => {
  it('prepares a statement once per SQL text and runs it against the current data', () => {
    // Arrange
    const store = Store.open(':memory:');
    store.migrate('test/001', 'CREATE TABLE t (v TEXT NOT NULL)');

    // Act
    const insert = store.prepared('INSERT INTO t (v) VALUES (?)');
    insert.run('a');
    store.prepared('INSERT INTO t (v) VALUES (?)').run('b');

    // Assess
    expect(store.prepared('INSERT INTO t (v) VALUES (?)')).toBe(insert);
    expect(store.prepared('SELECT v FROM t ORDER BY v').all()).toEqual([{ v: 'a' }, { v: 'b' }]);
    store.close();
  });

  it('keeps a raw (array-row) statement apart from the same SQL in object mode', () => {
    const store = Store.open(':memory:');
    store.migrate('test/001', 'CREATE TABLE t (v TEXT NOT NULL)');
    store.prepared('INSERT INTO t (v) VALUES (?)').run('a');

    const raw = store.prepared('SELECT v FROM t', true);

    expect(raw.all()).toEqual([['a']]);
    expect(store.prepared('SELECT v FROM t').all()).toEqual([{ v: 'a' }]);
    expect(store.prepared('SELECT v FROM t', true)).toBe(raw);
    store.close();
  });
});
