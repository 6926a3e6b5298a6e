import '../../src/ui/ui.css';
import '../../src/options/options.css';
import { mountOptions } from '../../src/options/mount';

mountOptions(document.getElementById('app')!);
