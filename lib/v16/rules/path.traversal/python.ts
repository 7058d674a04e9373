import { resolveCallee } from '../../lang/python/modules';
import type { PySink } from '../../lang/python/sink-spec';
import { unwrap } from '../../lang/python/syntax';

const PATH_CLASSES = new Set(['pathlib.Path', 'pathlib.PurePath', 'Path']);

export const python: readonly PySink[] = [
  {
    calls: [
      'open', 'io.open', 'codecs.open', 'flask.send_file', 'os.remove', 'os.unlink', 'os.rmdir', 'os.listdir',
      'shutil.rmtree', 'shutil.copy', 'shutil.copyfile', 'shutil.move', 'fastapi.responses.FileResponse',
      'starlette.responses.FileResponse', 'django.http.FileResponse',
      // Names as used after a star import.
      'send_file', 'FileResponse',
    ],
    arg: [0, { keyword: 'file' }, { keyword: 'path' }],
    what: 'file path',
  },
  // Path(user_input).read_text()
  {
    names: ['read_text', 'read_bytes', 'write_text', 'write_bytes', 'open', 'unlink'],
    when: ({ ctx, callee }) => {
      const receiver = callee.receiver && unwrap(callee.receiver);
      return receiver?.name === 'CallExpression' && PATH_CLASSES.has(resolveCallee(ctx, receiver).qualified ?? '');
    },
    arg: ['receiver'],
    what: 'file path',
  },
];
