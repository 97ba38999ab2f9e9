import ExcelJS from 'exceljs';
const [f, sheet, ...rows] = process.argv.slice(2);
const wb = new ExcelJS.Workbook();
await wb.xlsx.readFile(f);
const ws = wb.getWorksheet(sheet);
for (const r of rows) { const v = ws.getRow(Number(r)).getCell(1).value; console.log(r, typeof v === 'object' ? JSON.stringify(v) : v); }
