(function(){var f;try{f=new Intl.DateTimeFormat(undefined,{year:"numeric",month:"short",day:"numeric",hour:"2-digit",minute:"2-digit",timeZoneName:"short"});}catch(e){return;}
var ts=document.querySelectorAll("time[data-local]");for(var i=0;i<ts.length;i++){var t=ts[i],d=new Date(t.getAttribute("datetime"));if(!isNaN(d.getTime())){t.title=t.textContent;t.textContent=f.format(d);}}})();
