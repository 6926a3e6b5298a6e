// The sender's profile photo, or a neutral placeholder. The one remote image the extension
// shows: only an address on LinkedIn's image host is ever given to <img> (checked again here,
// whatever the caller passes), without a referrer, and the alt text is empty because the name
// is written beside it.
import { useState } from 'preact/hooks';
import { linkedInPhotoUrl } from '../messaging/photo-url';

export function SenderPhoto({ photoUrl }: { photoUrl?: string | undefined }) {
  const [failed, setFailed] = useState(false);
  const src = failed ? undefined : linkedInPhotoUrl(photoUrl);
  if (src) {
    return (
      <img
        class="ag-photo"
        src={src}
        alt=""
        width={40}
        height={40}
        referrerpolicy="no-referrer"
        decoding="async"
        onError={() => setFailed(true)}
      />
    );
  }
  return (
    <span class="ag-photo ag-photo--none" aria-hidden="true" data-testid="photo-placeholder">
      <svg viewBox="0 0 40 40" width="40" height="40" focusable="false">
        <circle cx="20" cy="15" r="7" />
        <path d="M6 36c1.5-8 7-12 14-12s12.5 4 14 12z" />
      </svg>
    </span>
  );
}
