// How the AI customer's model exchanges read in the inspector's summary: the request line with the model and how
// many messages it sends; the reply's status with the model's answer.
import { describe, expect, it } from 'vitest';
import { describeFrame } from '../../../renderer/src/conversations/inspector-frame-text';

describe('model exchanges in the inspector', () => {
  it('sums a request up as its request line, model and message count', () => {
    const text = `POST http://127.0.0.1:11434/v1/chat/completions\nAuthorization: Bearer [redacted]\n${JSON.stringify({ model: 'llama3.1', messages: [{ role: 'system', content: 'x' }, { role: 'user', content: 'y' }] }, null, 2)}`;
    expect(describeFrame(text, 'modelRequest')).toEqual({ kind: 'POST http://127.0.0.1:11434/v1/chat/completions', words: 'llama3.1, 2 messages', pretty: text });
  });

  it('sums a reply up as its status and the model\'s answer; a failure as its words', () => {
    const text = `200 OK\n${JSON.stringify({ choices: [{ message: { role: 'assistant', content: '{"choose": 2}' } }] }, null, 2)}`;
    expect(describeFrame(text, 'modelReply')).toMatchObject({ kind: '200 OK', words: '“{"choose": 2}”' });
    expect(describeFrame('no reply: the model server did not answer within 60 s', 'modelReply')).toEqual({
      kind: 'no reply: the model server did not answer within 60 s',
      pretty: 'no reply: the model server did not answer within 60 s',
    });
  });
});
