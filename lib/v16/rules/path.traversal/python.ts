import { resolveCallee } from '../../lang/python/modules';
import type { PySink, PyRuleSpec } from '../../lang/python/sink-spec';
import { unwrap } from '../../lang/python/syntax';

const PATH_CLASSES = new Set(['pathlib.Path', 'pathlib.PurePath', 'Path']);

const sinks: readonly PySink[] = [
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

export const python: PyRuleSpec = {
  sinks,
  // Calls whose result is safe for this class (import-resolved names).
  sanitizers: [
    'os.path.basename', 'posixpath.basename', 'werkzeug.utils.secure_filename', 'werkzeug.secure_filename',
    // safe_join: None (werkzeug, flask) or an exception (django) for a path that leaves the directory.
    'werkzeug.utils.safe_join', 'werkzeug.security.safe_join', 'flask.safe_join', 'flask.helpers.safe_join', 'django.utils._os.safe_join', 'urllib.parse.quote', 'urllib.parse.quote_plus',
  ],
};
