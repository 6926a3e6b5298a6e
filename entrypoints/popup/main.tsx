import { render } from 'preact';

render(<main>Approach Guard</main>, document.getElementById('app')!);
