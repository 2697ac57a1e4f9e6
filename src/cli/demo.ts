export const usage = 'renubu demo                             load the bundled demo portfolio';
export async function run() {
  return 1;
}
