pub mod gazetteer;
