insert into bench_insert (v) values (1);
