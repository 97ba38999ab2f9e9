import ExcelJS from 'exceljs';
const f = process.argv[2];
const wb = new ExcelJS.Workbook();
await wb.xlsx.readFile(f);
console.log(wb.worksheets.map(w => `${w.name}(${w.rowCount})`).join(' | '));
const want = process.argv.slice(3);
for (const name of want) {
  const ws = wb.getWorksheet(name);
  if (!ws) { console.log('no sheet', name); continue; }
  console.log('=== ', name);
  ws.eachRow((row, i) => {
    const vals = row.values.slice(1).map(v => v && typeof v === 'object' ? (v.result ?? v.richText?.map(t=>t.text).join('') ?? v.text ?? JSON.stringify(v)) : v);
    if (vals.some(v => v !== null && v !== undefined && v !== '')) console.log(i, JSON.stringify(vals).slice(0, 400));
  });
}
