// The YAML of one scenario file, editable in place: Save writes it back (problems or not) and lists every
// problem by line; choosing a problem puts the cursor on its line.
import { useRef, useState } from 'react';
import type { ScenarioFile, ScenarioProblem } from '../../../shared/scenario-contract';
import { useContractData } from '../data/use-contract-data';
import { api } from '../transport/api';

type Props = { file: ScenarioFile; onSaved: (file: ScenarioFile) => void };

export function ScenarioEditor(props: Props) {
  const read = useContractData('scenarios.read', { fileName: props.file.fileName });
  if (!read.data) return <p className="scenario-note">{read.error?.message ?? 'Loading…'}</p>;
  return <SourceEditor key={props.file.fileName} {...props} original={read.data.source} />;
}

function SourceEditor(props: Props & { original: string }) {
  const [source, setSource] = useState(props.original);
  const [saved, setSaved] = useState(props.original);
  const [error, setError] = useState('');
  const area = useRef<HTMLTextAreaElement>(null);

  const save = async () => {
    const result = await api['scenarios.save']({ fileName: props.file.fileName, source });
    if (!result.ok) return setError(result.error.message);
    setError('');
    setSaved(source);
    props.onSaved(result.data);
  };

  const goTo = (problem: ScenarioProblem) => {
    const textarea = area.current;
    if (!textarea) return;
    const lines = source.split('\n');
    const start = lines.slice(0, problem.line - 1).reduce((sum, line) => sum + line.length + 1, 0);
    textarea.focus();
    textarea.setSelectionRange(start, start + (lines[problem.line - 1]?.length ?? 0));
  };

  return (
    <div className="scenario-editor">
      <textarea
        ref={area}
        aria-label="Scenario YAML"
        spellCheck={false}
        value={source}
        onChange={(event) => setSource(event.target.value)}
        onKeyDown={(event) => {
          if ((event.ctrlKey || event.metaKey) && event.key === 's') {
            event.preventDefault();
            void save();
          }
        }}
      />
      <div className="scenario-editor-bar">
        <button type="button" className="primary" disabled={source === saved} onClick={() => void save()}>
          Save
        </button>
        <span className="scenario-note">{source === saved ? 'Saved' : 'Unsaved changes'}</span>
        {error && (
          <span role="alert" className="error">
            {error}
          </span>
        )}
      </div>
      {props.file.problems.length > 0 && (
        <ul className="scenario-problems" aria-label="Problems">
          {props.file.problems.map((problem) => (
            <li key={`${problem.line}:${problem.column}:${problem.message}`}>
              <button type="button" className="link-button" onClick={() => goTo(problem)}>
                Line {problem.line}, column {problem.column}
              </button>{' '}
              {problem.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
