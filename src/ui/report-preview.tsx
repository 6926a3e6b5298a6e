// The report exactly as it will leave the device. A scrollable region must be focusable so
// keyboard users can scroll it (WCAG 2.1.1).
import { useId } from 'preact/hooks';
import { S } from './strings';

export function ReportPreview({ text, label = S.previewLabel }: { text: string; label?: string }) {
  const id = useId();
  return (
    <div class="ag-preview">
      <p class="ag-preview__label" id={id}>
        {label}
      </p>
      <div class="ag-preview__body" role="region" aria-labelledby={id} tabIndex={0}>
        <pre class="ag-preview__text" data-testid="report-preview">
          {text}
        </pre>
      </div>
    </div>
  );
}
