// A file in a message: a preview for images the page can load, otherwise a chip with the file's name, size
// and type that downloads it. Images that fail to load (expired link, blocked source) fall back to the chip.
import { useState } from 'react';
import type { DisplayContent } from '../../../shared/contract';
import { formatByteSize } from '../ui/byte-size';
import { FileIcon } from '../ui/icons';
import { isImageSource, isWebLink } from './web-url';

type Attachment = Extract<DisplayContent, { type: 'attachment' }>['attachment'];

function isImage(attachment: Attachment): boolean {
  return attachment.mime?.startsWith('image/') === true || attachment.mediaType.toLowerCase() === 'image';
}

export function AttachmentView({ attachment }: { attachment: Attachment }) {
  const [previewFailed, setPreviewFailed] = useState(false);
  const link = attachment.url && isWebLink(attachment.url) ? attachment.url : undefined;
  const details = [attachment.size !== undefined ? formatByteSize(attachment.size) : null, attachment.mime ?? attachment.mediaType]
    .filter(Boolean)
    .join(' · ');

  if (isImage(attachment) && attachment.url && isImageSource(attachment.url) && !previewFailed) {
    return (
      <figure className="attachment-image">
        <a href={link} target="_blank" rel="noopener noreferrer" aria-label={`Open ${attachment.name}`}>
          <img src={attachment.url} alt={attachment.name} onError={() => setPreviewFailed(true)} />
        </a>
        <figcaption>
          {attachment.name}
          {details && <span className="attachment-details"> · {details}</span>}
        </figcaption>
      </figure>
    );
  }

  const body = (
    <>
      <span className="file-chip-icon">
        <FileIcon />
      </span>
      <span className="file-chip-text">
        <span className="file-chip-name">{attachment.name}</span>
        <span className="file-chip-details">{link ? details : `${details}${details ? ' · ' : ''}no download link`}</span>
      </span>
    </>
  );
  return link ? (
    <a className="file-chip" href={link} target="_blank" rel="noopener noreferrer">
      {body}
      <span className="visually-hidden"> (download)</span>
    </a>
  ) : (
    <span className="file-chip">{body}</span>
  );
}
