// The saved LinkedIn pages, shared by the site and content tests.
export { FIXTURE_PAGES, loadFixture, type FixtureName } from '../sites/fixtures';
