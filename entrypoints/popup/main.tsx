import '../../src/ui/ui.css';
import '../../src/popup/popup.css';
import { mountPopup } from '../../src/popup/mount';

mountPopup(document.getElementById('app')!);
