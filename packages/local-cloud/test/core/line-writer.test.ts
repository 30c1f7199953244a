import { LineWriter } from '../../src/core/line-writer';

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('LineWriter', () => {
  it('writes the lines of one event-loop turn in one write, in order', async () => {
    const writes: string[] = [];
    const w = new LineWriter((text) => writes.push(text));
    w.line('a');
    w.line('b');
    w.line('c');
    expect(writes).toEqual([]);
    await turn();
    expect(writes).toEqual(['a\nb\nc\n']);
    w.line('d');
    await turn();
    expect(writes).toEqual(['a\nb\nc\n', 'd\n']);
  });

  it('writes at once when a turn queues maxLines lines', () => {
    const writes: string[] = [];
    const w = new LineWriter((text) => writes.push(text), 3);
    for (const l of ['1', '2', '3', '4']) w.line(l);
    expect(writes).toEqual(['1\n2\n3\n']);
    w.flush();
    expect(writes).toEqual(['1\n2\n3\n', '4\n']);
  });

  it('flush() writes what is queued now and nothing when nothing is', async () => {
    const writes: string[] = [];
    const w = new LineWriter((text) => writes.push(text));
    w.flush();
    expect(writes).toEqual([]);
    w.line('x');
    w.flush();
    expect(writes).toEqual(['x\n']);
    await turn();
    expect(writes).toEqual(['x\n']);
  });
});
