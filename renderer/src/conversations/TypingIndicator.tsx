// "Agent is typing…" while the summary says so. The status element is always there so that screen
// readers announce the change.
export function TypingIndicator({ typing }: { typing: boolean }) {
  return (
    <div className="typing" role="status">
      {typing && (
        <span className="typing-chip">
          <span className="typing-dots" aria-hidden="true">
            <i />
            <i />
            <i />
          </span>
          Agent is typing…
        </span>
      )}
    </div>
  );
}
