export const usage = 'renubu import PATH [--skip-invalid]     import a dataset folder or JSON file';
export async function run() {
  return 1;
}
